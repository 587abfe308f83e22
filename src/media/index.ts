export { deleteResult, type FinishedJob, jobForComponent, regenerate, requireImage, upscale, vary } from './actions.js';
export {
	DEFAULT_UPLOAD_LIMIT,
	type Download,
	deliveryFor,
	downloadMedia,
	MediaDownloadError,
	type MediaFile,
	nameMedia,
	uploadLimit,
} from './attachment.js';
export { FIRST_POLL_DELAY_MS, MAX_POLL_DELAY_MS, pollDelayMs } from './backoff.js';
export { addPromptGate, type PromptCheck, type PromptGate, promptRefusal } from './gates.js';
export { type Generation, listGenerations, MAX_GENERATIONS } from './generations.js';
export { GENERATIONS_PER_PAGE, generationsPage, PAGE_ACTION, pageCount } from './generations-page.js';
export { findJob, type MediaJob, type MediaResult, mediaJobSchema, mediaJobs, pendingJobs } from './job-record.js';
export {
	type Aspect,
	aspects,
	imagineRequest,
	isAspect,
	kindNoun,
	kindTitle,
	type MediaKind,
	mediaKinds,
} from './kinds.js';
export { IMAGINE_COMMAND, resultActions } from './result-message.js';
export { JobRunner, jobRunner, PROGRESS_EVERY_MS, resumeJobs } from './runner.js';
export {
	CAPTION_FIELD,
	captionModal,
	ownProjects,
	pickedLabel,
	projectPicker,
	saveActions,
	saveToGallery,
} from './save.js';
export { PollScheduler } from './scheduler.js';
export { isTransient, pollFailure, rejectionSentence } from './sentences.js';
export { startGeneration } from './start.js';
