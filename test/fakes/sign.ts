import { signedJsonHeaders } from '../../src/signature.js';

export const signedHeaders = (secret: string, body: string, at = new Date()): Record<string, string> => signedJsonHeaders(secret, body, at);
