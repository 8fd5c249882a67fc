/**
 * The reason codes of a reviewer's request for information, answered in words on the status page.
 * Dependency-free, so the status page's client code and lib/review/rules.ts share one list.
 */
export const ANSWER_CODES: readonly string[] = ['INFO_REQUESTED', 'PROOF_REQUESTED'];
export const isAnswerCode = (code: string) => ANSWER_CODES.includes(code);
