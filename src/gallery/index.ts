export {
	deleteGalleryImage,
	offerProjectsForMessage,
	openGalleryView,
	turnGalleryPage,
	uploadActions,
	uploadAttachment,
	uploadRecordedImages,
} from './actions.js';
export {
	type AttachmentRef,
	checkDeclaredSize,
	dataUrl,
	fetchGalleryImage,
	galleryImageType,
	MAX_GALLERY_BYTES,
} from './image-file.js';
export { imageAttachments, looksLikeImage, type PendingUpload, recallUpload } from './pending.js';
export {
	type ChosenProject,
	chosenProject,
	MAX_PROJECTS,
	ownProjects,
	pickedLabel,
	projectChoices,
	projectLabel,
	projectMenu,
} from './projects.js';
export { CAPTION_FIELD, captionModal, uploadedEmbed, uploadToGallery } from './upload.js';
export {
	GALLERY_COMMAND,
	type GalleryPageContent,
	type GalleryView,
	galleryPageMessage,
	IMAGES_PER_PAGE,
	loadGalleryPage,
	VIEW_ACTION,
} from './view.js';
