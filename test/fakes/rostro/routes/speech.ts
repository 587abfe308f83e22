import type { AccountContext } from '../context.js';
import { answerJob, costs, createJob } from '../jobs.js';
import { sniffAudio } from '../media/sniff.js';
import { json, validationError } from '../replies.js';
import type { Router } from '../router.js';
import { expectedTranscript } from '../transcribe.js';
import { bodyObject, fields, parseFields } from '../validation.js';

/** The voices `GET /voices` lists and `/tts` accepts. */
export const voices = [
	{ id: 'default', name: 'Narrator', description: 'A calm, neutral voice.' },
	{ id: 'amber', name: 'Amber', description: 'Warm and bright.' },
	{ id: 'basil', name: 'Basil', description: 'Low and gravelly.' },
	{ id: 'cinder', name: 'Cinder', description: 'Quick and sharp.' },
	{ id: 'dove', name: 'Dove', description: 'Soft and breathy.' },
] as const;

const voiceIds = voices.map((voice) => voice.id);

function tts(context: AccountContext) {
	const body = parseFields('body', bodyObject(context.body), {
		transcript: fields.requiredText(5_000),
		voice_id: fields.oneOf(voiceIds, 'default'),
	});
	const job = createJob(context.core, context.user, {
		type: 'text_to_speech',
		prompt: body.transcript,
		size: { width: 0, height: 0 },
		cost: costs.speech,
	});
	return answerJob(context, job);
}

function fileIssue(type: string, msg: string) {
	return validationError([{ type, loc: ['body', 'file'], msg, input: null }]);
}

async function uploadedFile(context: AccountContext): Promise<Buffer> {
	const contentType = String(context.headers['content-type'] ?? '');
	if (!contentType.toLowerCase().startsWith('multipart/form-data')) throw fileIssue('missing', 'Field required');

	let form: FormData;
	try {
		const request = new Request(`${context.core.baseUrl}/stt`, {
			method: 'POST',
			headers: { 'content-type': contentType },
			body: context.rawBody,
		});
		form = await request.formData();
	} catch {
		throw fileIssue('value_error', 'Value error, the multipart body could not be parsed');
	}

	const file = form.get('file');
	if (file === null) throw fileIssue('missing', 'Field required');
	if (typeof file === 'string') throw fileIssue('value_error', "Expected UploadFile, received: <class 'str'>");
	return Buffer.from(await file.arrayBuffer());
}

async function stt(context: AccountContext) {
	const audio = await uploadedFile(context);
	if (!sniffAudio(audio)) throw fileIssue('value_error', 'Value error, the file is not a supported audio format');
	return json({ text: expectedTranscript(audio) });
}

/** Text to speech (a job whose media is a WAV), the voice list, and speech to text. */
export function speechRoutes(router: Router): void {
	router.post('/tts', 'token', tts);
	router.get('/voices', 'token', () => json({ voices }));
	router.post('/stt', 'token', stt);
}
