import { type Attachment, Collection, MessageFlags, MessageFlagsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { findRecording, isAudio } from '../../src/speech/transcribe.js';

function attachment(name: string, contentType: string | null): Attachment {
	return { id: name, name, contentType, size: 10, url: `http://127.0.0.1/${name}` } as unknown as Attachment;
}

function message(attachments: Attachment[], flags = 0) {
	return {
		flags: new MessageFlagsBitField(flags).freeze(),
		attachments: new Collection(attachments.map((item) => [item.id, item])),
	};
}

describe('isAudio', () => {
	it('trusts an audio content type, and the file name when there is none', () => {
		expect(isAudio(attachment('a.bin', 'audio/ogg'))).toBe(true);
		expect(isAudio(attachment('a.mp3', 'image/png'))).toBe(false);
		expect(isAudio(attachment('clip.m4a', null))).toBe(true);
		expect(isAudio(attachment('notes.txt', null))).toBe(false);
	});
});

describe('findRecording', () => {
	it('takes the clip of a voice message whatever its type says', () => {
		const clip = attachment('voice-message.ogg', 'application/octet-stream');
		expect(findRecording(message([clip], MessageFlags.IsVoiceMessage))).toBe(clip);
	});

	it('takes the first audio attachment of an ordinary message', () => {
		const picture = attachment('cat.png', 'image/png');
		const song = attachment('song.wav', 'audio/wav');
		expect(findRecording(message([picture, song]))).toBe(song);
	});

	it('finds nothing in a message without audio', () => {
		expect(findRecording(message([attachment('cat.png', 'image/png')]))).toBeUndefined();
		expect(findRecording(message([]))).toBeUndefined();
		expect(findRecording(message([], MessageFlags.IsVoiceMessage))).toBeUndefined();
	});
});
