export {
	type CompletionRequest,
	expectedCompletion,
	expectedVisibleCompletion,
	modelIds,
} from './completion.js';
export { encodePng, readPngSize } from './media/png.js';
export { sniffAudio, sniffImage } from './media/sniff.js';
export { encodeWav } from './media/wav.js';
export type { NewCharacter } from './seed/build.js';
export { defaultOptions, type RostroSimulator, startRostroSimulator } from './simulator.js';
export type { Definition, GalleryImage, Job, Project, SimulatorData, User } from './state.js';
export { expectedTranscript } from './transcribe.js';
export type {
	Fault,
	FaultMatch,
	ListenOptions,
	PresentedToken,
	RecordedRequest,
	SimulatorOptions,
	TokenScheme,
} from './types.js';
