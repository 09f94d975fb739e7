/** The app's actions, composed from the video, tracking and files controllers. */
import type { Bridge } from '../bridge-types';
import { createNotices } from '../state/notices';
import { ResponseStore } from '../state/responses';
import { createSession } from '../state/session';
import { createUi } from '../state/ui';
import type { Ctx } from './context';
import { createFilesController } from './files';
import { createTrackingController } from './tracking';
import { createVideoController } from './video';

export function createController(bridge: Bridge) {
  const ctx: Ctx = {
    bridge, session: createSession(), notices: createNotices(), ui: createUi(), responses: new ResponseStore(),
  };
  const files = createFilesController(ctx);
  const video = createVideoController(ctx, (info) => files.loadForVideo(info));
  const tracking = createTrackingController(ctx, video);
  return { ...ctx, video, tracking, files };
}

export type Controller = ReturnType<typeof createController>;
