/** Figure images: upload one for a document (the server checks its type by content). */
import { answer, api, enc, type AnswerOf } from './http';

const images = api.docs[':id'].images;

/** As the server answers an upload. */
export type UploadedImage = AnswerOf<typeof images.$post>;

/** Sends the file as a form (no JSON validator reads it: the server parses the form itself). */
export async function uploadImage(docId: string, file: File): Promise<UploadedImage> {
  const form = new FormData();
  form.set('file', file, file.name);
  return answer(images.$post({ param: { id: enc(docId) }, query: {} }, { init: { body: form } }));
}
