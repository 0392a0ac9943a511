/** Figure images: upload one for a document (the server checks its type by content). */
import type { UploadedImageJson } from '@concord/shared';
import { ApiError, failedResponse } from './http';

/** As the server answers an upload (declared once, in @concord/shared). */
export type UploadedImage = UploadedImageJson;

export async function uploadImage(docId: string, file: File): Promise<UploadedImage> {
  const form = new FormData();
  form.set('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/docs/${encodeURIComponent(docId)}/images`, { method: 'POST', credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Concord server. Check your connection and try again.');
  }
  const json: unknown = await res.json().catch(() => undefined);
  // A 401 (session expired mid-edit) signs out like every other call.
  if (!res.ok) throw failedResponse(res.status, json);
  return json as UploadedImage;
}
