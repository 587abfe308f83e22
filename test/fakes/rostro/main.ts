import { startRostroSimulator } from './index.js';

// `npm run sim`: a simulator to point a locally running bot at (ROSTRO_API_URL=<url>).
const port = Number(process.env.ROSTRO_SIM_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
	console.error(`ROSTRO_SIM_PORT must be a port number, not ${process.env.ROSTRO_SIM_PORT}`);
	process.exit(1);
}

const simulator = await startRostroSimulator({}, { port });
console.log(`Rostro simulator listening
  ROSTRO_API_URL=${simulator.url}
  ROSTRO_INFERENCE_URL=${simulator.inferenceUrl}
  tokens:
    creator_a  ${simulator.tokens.creatorA}
    creator_b  ${simulator.tokens.creatorB}
    reader     ${simulator.tokens.reader}`);

async function stop(signal: string): Promise<void> {
	console.log(`${signal}: stopping`);
	await simulator.close();
	process.exit(0);
}

process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
