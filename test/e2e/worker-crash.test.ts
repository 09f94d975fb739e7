/**
 * The tracker worker crashing mid-run in the real app (Chromium, browser host, David): the run stops
 * with a readable message that says where, the results already tracked stay, and Space resumes from
 * the frame on screen with a fresh worker (the model is loaded again).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../common/box';
import { HAVE_SHARED, SEQUENCES_DIR, sequenceDir } from '../helpers/paths';
import { openSequenceWithFirstBox, startApp, type AppSession } from './app-session';
import { currentFrame, HAVE_CHROMIUM, selectedBox } from './helpers';

const DAVID = sequenceDir('David');
const POLL = { timeout: 60_000 };

describe.skipIf(!HAVE_SHARED || !HAVE_CHROMIUM)('a tracker worker crash in the app', () => {
  let app: AppSession;
  let page: Page;

  beforeAll(async () => {
    app = await startApp({ readOnlyRoots: [SEQUENCES_DIR] });
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('stops with a message, keeps the results, and resumes from the frame on screen', async () => {
    const gt = await openSequenceWithFirstBox(page, DAVID);

    await page.keyboard.press('Space');
    await expect.poll(() => currentFrame(page), POLL).toBeGreaterThan(20);
    // An uncaught error inside the worker reaches the page as the Worker's error event: a crash as the app sees it.
    const worker = page.workers().find((w) => w.url().includes('track.worker'));
    expect(worker, 'the tracker worker').toBeDefined();
    await worker!.evaluate(() => { setTimeout(() => { throw new Error('simulated crash'); }); });

    const error = page.getByTestId('notice-error');
    await expect.poll(() => error.count(), POLL).toBeGreaterThan(0);
    const message = await error.first().innerText();
    expect(message).toMatch(/Tracking stopped at frame \d+: the tracker worker crashed: .*simulated crash.*Space resumes/);
    await page.getByTestId('tracking-live').waitFor({ state: 'detached' });
    const stoppedAt = await currentFrame(page);
    expect(stoppedAt).toBeGreaterThan(20);
    expect(stoppedAt).toBeLessThan(470);

    // What was tracked before the crash is still there.
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => currentFrame(page), POLL).toBe(stoppedAt - 10);
    expect(await selectedBox(page)).not.toBeNull();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => currentFrame(page), POLL).toBe(stoppedAt);

    // Space resumes from here with a fresh worker.
    await page.keyboard.press('Space');
    await expect.poll(() => currentFrame(page), POLL).toBeGreaterThan(stoppedAt + 20);
    await page.keyboard.press('Space');
    await page.getByTestId('tracking-live').waitFor({ state: 'detached' });
    expect((await error.allInnerTexts()).join(' / ')).toBe(message); // no second failure
    const box = (await selectedBox(page)) as Box;
    const truth = gt[await currentFrame(page)];
    // Still on the target after the restart (centre within half the target's size).
    expect(Math.abs(box.x + box.w / 2 - (truth.x + truth.w / 2))).toBeLessThan(truth.w / 2);
    expect(Math.abs(box.y + box.h / 2 - (truth.y + truth.h / 2))).toBeLessThan(truth.h / 2);
  }, 300_000);
});
