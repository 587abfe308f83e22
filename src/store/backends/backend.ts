import { Keyv, type KeyvStoreAdapter } from 'keyv';
import type { StorageKind } from '../../config.js';
import type { Counters } from '../counters.js';

/** One storage server or file, opened: keyv instances per namespace over one connection, and counters. */
export interface Backend {
	readonly kind: StorageKind;
	readonly counters: Counters;
	/** A keyv for one namespace, sharing the backend's connection. */
	keyv<T>(namespace: string): Keyv<T>;
	/** Resolves once the server answered a trivial request. */
	ping(): Promise<void>;
	/** Closes the connection; the backend is unusable afterwards. */
	close(): Promise<void>;
}

/**
 * keyv writes its namespace onto the adapter it is given, so keyv instances sharing one adapter
 * list each other's records (keyv issue #1160). Each instance gets a view of the adapter instead:
 * an object whose own `namespace` shadows the shared one, with everything else inherited.
 */
export function namespacedView<A extends KeyvStoreAdapter>(adapter: A): A {
	return Object.create(adapter) as A;
}

/** A keyv that surfaces storage failures as errors instead of answering "not found". */
export function strictKeyv<T>(store: KeyvStoreAdapter, namespace: string, useKeyPrefix = true): Keyv<T> {
	return new Keyv<T>(store, { namespace, useKeyPrefix, throwOnErrors: true, emitErrors: false });
}
