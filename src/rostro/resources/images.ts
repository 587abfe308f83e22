import type { RequestOptions, RostroTransport } from '../http.js';
import { type ImagineJob, imagineJobSchema } from '../schemas.js';

export interface UpscaleRequest {
	/** An image URL or a data URL. */
	image: string;
}

export interface Img2ImgRequest {
	/** An image URL or a data URL. */
	image: string;
	prompt: string;
	/** How far to move from the image, 0 to 1. */
	strength?: number;
}

/** Work on existing images; each answers a job to poll with `imagine.check`. */
export class ImagesResource {
	constructor(private readonly transport: RostroTransport) {}

	/** Upscales an image. Costs credits; never repeated blindly. */
	upscale(request: UpscaleRequest, options?: RequestOptions): Promise<ImagineJob> {
		return this.#generate('/images/upscale', { image: request.image }, options);
	}

	/** A variation of an image guided by a prompt. Costs credits; never repeated blindly. */
	img2img(request: Img2ImgRequest, options?: RequestOptions): Promise<ImagineJob> {
		const body = { image: request.image, prompt: request.prompt, strength: request.strength };
		return this.#generate('/images/img2img', body, options);
	}

	#generate(route: string, body: Record<string, unknown>, options: RequestOptions | undefined): Promise<ImagineJob> {
		return this.transport.request(
			{ method: 'POST', path: route, body, schema: imagineJobSchema, retry: 'never', timeout: 'generation' },
			options,
		);
	}
}
