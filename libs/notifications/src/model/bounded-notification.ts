import type { NotificationDraft } from './notification';

/** Stored and sent limits: a runaway error message or report must not make a 10 MB e-mail. */
export const NOTIFICATION_LIMITS = { titleChars: 300, messageChars: 10_000, dataJsonChars: 32_000 } as const;

/** The draft cut to NOTIFICATION_LIMITS (an ellipsis marks a cut; oversized data keeps a note instead). */
export function boundNotification<T extends NotificationDraft>(draft: T): T {
  const dataJson = JSON.stringify(draft.data);
  return {
    ...draft,
    title: cut(draft.title.replace(/\s+/g, ' '), NOTIFICATION_LIMITS.titleChars),
    message: cut(draft.message, NOTIFICATION_LIMITS.messageChars),
    data:
      dataJson.length <= NOTIFICATION_LIMITS.dataJsonChars
        ? draft.data
        : { truncated: true, note: `data of ${dataJson.length} characters was too large to keep` },
  };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
