/**
 * A file of a GraphQL multipart request, still arriving. The operation runs
 * as soon as `operations` and `map` are read, before the file parts, so a
 * resolver can stream a file on to a provider while the client is still
 * sending it, and the gateway never holds a whole file in memory.
 */
import type { Readable } from 'node:stream';

export interface ArrivedFile {
  filename: string;
  /** As the client declared it; not trusted (the bytes are sniffed). */
  mimeType: string;
  stream: Readable;
}

export class UploadError extends Error {
  override name = 'UploadError';
}

export class StreamedUpload {
  readonly arrived: Promise<ArrivedFile>;
  private settle!: { resolve: (file: ArrivedFile) => void; reject: (error: Error) => void };
  private file: ArrivedFile | undefined;
  private taken = false;

  constructor(readonly field: string) {
    this.arrived = new Promise<ArrivedFile>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Nobody may ever ask (a failed validation); that is not an unhandled rejection.
    this.arrived.catch(() => undefined);
  }

  /** The file's bytes, once; a second reader would see a drained stream. */
  async take(): Promise<ArrivedFile> {
    if (this.taken) throw new UploadError('A file was used twice in the operation');
    this.taken = true;
    return this.arrived;
  }

  deliver(file: ArrivedFile): void {
    this.file = file;
    this.settle.resolve(file);
  }

  fail(error: Error): void {
    this.settle.reject(error);
  }

  /** Discards a file nobody read, so the rest of the request can be consumed. */
  discard(): void {
    if (this.taken) return;
    this.taken = true;
    this.file?.stream.resume();
    void this.arrived.then((file) => file.stream.resume()).catch(() => undefined);
  }
}
