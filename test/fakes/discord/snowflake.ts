/** Discord's epoch, 2015-01-01T00:00:00Z, from which snowflake timestamps count. */
const DISCORD_EPOCH = 1_420_070_400_000n; // ms

/**
 * Makes ids shaped like Discord's: the timestamp in the high bits keeps `createdTimestamp`
 * sane, and 17–19 digits keep @discordjs/rest's major-parameter bucketing working.
 */
export class SnowflakeGenerator {
	#counter = 0n;

	constructor(private readonly now: () => number = Date.now) {}

	next(): string {
		this.#counter += 1n;
		return (((BigInt(this.now()) - DISCORD_EPOCH) << 22n) + this.#counter).toString();
	}
}

/** The shard a guild's events go to, by Discord's rule `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, shardCount: number): number {
	return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
