import type { Notification } from '../model/notification';

/** The parts of an e-mail built from a notification. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Subject `[Relais][ALERT][critical] …` for alerts; text and HTML bodies with the details as a list. */
export function emailContent(notification: Notification): EmailContent {
  const prefix = notification.isAlert ? `[Relais][ALERT][${notification.severity}]` : '[Relais]';
  const details = Object.entries(notification.data).map(([key, value]) => [key, displayValue(value)] as const);
  const text = [
    notification.message,
    '',
    ...details.map(([key, value]) => `${key}: ${value}`),
    '',
    `-- ${notification.source} · ${notification.event} · ${new Date(notification.createdAt).toISOString()}`,
  ].join('\n');
  const html = [
    `<h2 style="color:${notification.isAlert ? '#b71c1c' : '#1b5e20'}">${escapeHtml(notification.title)}</h2>`,
    `<p style="white-space:pre-wrap">${escapeHtml(notification.message)}</p>`,
    details.length
      ? `<ul>${details.map(([key, value]) => `<li><b>${escapeHtml(key)}</b>: ${escapeHtml(value)}</li>`).join('')}</ul>`
      : '',
    `<p style="color:#666">${escapeHtml(notification.source)} · ${escapeHtml(notification.event)}</p>`,
  ].join('\n');
  return {
    subject: `${prefix} ${notification.title}`,
    text,
    html,
    headers: {
      'X-Relais-Notification-Id': notification.id,
      'X-Relais-Event': notification.event,
      'X-Relais-Severity': notification.severity,
    },
  };
}

function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );
}
