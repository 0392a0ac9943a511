/** Figure images: upload one for a document (the server checks its type by content). */
import type { UploadedImageJson } from '@concord/shared';
import { ApiError } from './http';

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
  const json = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | UploadedImage | undefined;
  if (!res.ok) {
    const error = json && 'error' in json ? json.error : undefined;
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? `The server answered ${res.status}.`);
  }
  return json as UploadedImage;
}
