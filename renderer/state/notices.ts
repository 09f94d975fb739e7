/**
 * What the UI tells the analyst: short-lived messages (info, errors that must be readable,
 * never a blank window) and the one long task in progress, with its cancel button.
 */
import { createSignal } from 'solid-js';

export type NoticeLevel = 'info' | 'success' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  text: string;
}

export interface Progress {
  label: string;
  done: number;
  /** 0 when the total is unknown. */
  total: number;
  cancel?: () => void;
}

export function createNotices(lifetimeMs = 6000) {
  const [notices, setNotices] = createSignal<Notice[]>([]);
  const [progress, setProgress] = createSignal<Progress | null>(null);
  let nextId = 1;

  const dismiss = (id: number) => setNotices((list) => list.filter((n) => n.id !== id));
  const push = (level: NoticeLevel, text: string) => {
    const id = nextId++;
    setNotices((list) => [...list.slice(-4), { id, level, text }]);
    // Errors stay until dismissed: the analyst must be able to read them.
    if (level !== 'error') setTimeout(() => dismiss(id), lifetimeMs);
    return id;
  };

  return {
    notices, progress, setProgress, dismiss,
    info: (text: string) => push('info', text),
    success: (text: string) => push('success', text),
    error: (e: unknown) => push('error', messageOf(e)),
  };
}

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : 'unexpected error';
}

export type Notices = ReturnType<typeof createNotices>;
