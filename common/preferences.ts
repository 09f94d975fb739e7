/**
 * Preferences of this computer rather than of a project (so not in project files): main keeps
 * them in its data folder, the same for the desktop app and the browser host (whose page origin,
 * and so its localStorage, changes with the port on every run).
 */
import { z } from 'zod';

/** Where the tracker worker runs the networks: 'auto' measures and picks (workers/backend.ts). */
export const BACKEND_SETTINGS = ['auto', 'webgpu', 'wasm'] as const;
export type BackendSetting = (typeof BACKEND_SETTINGS)[number];

export const PreferencesSchema = z.object({
  backend: z.enum(BACKEND_SETTINGS),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = { backend: 'auto' };

/** Stored preferences as far as they are still valid, the defaults for the rest (a newer or damaged file never fails). */
export function readPreferences(stored: unknown): Preferences {
  const out: Preferences = { ...DEFAULT_PREFERENCES };
  if (typeof stored !== 'object' || stored === null) return out;
  const backend = PreferencesSchema.shape.backend.safeParse((stored as Record<string, unknown>).backend);
  if (backend.success) out.backend = backend.data;
  return out;
}
