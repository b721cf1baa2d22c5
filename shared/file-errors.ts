// File-system error codes in words: a message says "permission denied", never "EACCES".

const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EIO: 'the disk reported a read or write error',
  EBUSY: 'the file is in use',
  ENXIO: 'no device behind that path',
};

/** What went wrong, for an error code such as `ENOENT`; a generic phrase for codes not listed. */
export function fileProblem(code: unknown): string {
  return (typeof code === 'string' && Object.hasOwn(WORDS, code) ? WORDS[code] : undefined) ?? 'the system refused';
}
