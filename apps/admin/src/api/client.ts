import type { ApiErrorBody, ErrorCode, FieldProblem } from '@werkbank/contracts';
import { problemText } from '../lib/problems';

/** A failed API call: the server's error body, or a synthetic one for network failures. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK';
  readonly details: FieldProblem[];
  readonly correlationId?: string;

  constructor(status: number, body: Partial<Omit<ApiErrorBody, 'code'>> & { code?: ErrorCode | 'NETWORK' }) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'NETWORK' : ('INTERNAL' as ErrorCode));
    this.details = body.details ?? [];
    this.correlationId = body.correlationId;
  }

  /** The problem the server reported for one form field, if any, in the UI's language. */
  problemOf(field: string): string | undefined {
    const problem = this.details.find((d) => d.field === field || d.field.startsWith(`${field}.`));
    return problem ? problemText(problem) : undefined;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const unauthorizedListeners = new Set<() => void>();
/** Called on every 401 outside the login call: the session ran out, the app shows the login form. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** The login ended, as learnt other than from a 401 (the server dropped the live socket). */
export function notifyUnauthorized(): void {
  unauthorizedListeners.forEach((l) => l());
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'network error' });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const err = new ApiError(
      res.status,
      typeof data === 'object' && data ? (data as ApiErrorBody) : { message: text },
    );
    if (res.status === 401 && path !== '/auth/login' && path !== '/auth/me') notifyUnauthorized();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  postCsv: <T>(path: string, csv: string) => request<T>('POST', path, csv, 'text/csv'),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/**
 * Upload with progress (fetch cannot report upload progress): used by the CSV import, where files can be large.
 */
export function uploadCsv<T>(
  path: string,
  file: Blob,
  onProgress: (fraction: number) => void,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `/api${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'NETWORK', message: 'network error' }));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else {
        if (xhr.status === 401) notifyUnauthorized();
        reject(new ApiError(xhr.status, data as ApiErrorBody));
      }
    };
    xhr.send(file);
  });
}

/** Download with progress (bytes received), then hand the file to the browser. */
export async function downloadWithProgress(
  url: string,
  filename: string,
  onProgress: (bytes: number, total: number | null) => void,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'network error' });
  }
  if (!res.ok) {
    let body: Partial<ApiErrorBody> = {};
    try {
      body = (await res.json()) as ApiErrorBody;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, body);
  }
  const total = Number(res.headers.get('content-length')) || null;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(received, total);
    }
  }
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'text/csv' });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
