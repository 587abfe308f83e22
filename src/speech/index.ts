export { type PublicResult, sendPublicResult } from './delivery.js';
export { finishedSpeech, MAX_SPEECH_WAIT_MS, type SpokenJob } from './job.js';
export { messageCaption, quoteCaption, type SpeechOrder, speakAloud, spokenText } from './speak.js';
export { findRecording, isAudio, MAX_RECORDING_BYTES, transcribeMessage } from './transcribe.js';
export { matchingVoices, voiceChoices } from './voices.js';
