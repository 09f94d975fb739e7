/**
 * What is drawn over the frame: every visible track's box on this frame (dashed when stale,
 * red and dashed when lost), a name/score tag, the selected box's handles, the tracker's
 * search region and the box being drawn.
 */
import type { Box } from '../../common/box';
import type { ResponseStore } from '../state/responses';
import { boxAt, type Track } from '../state/tracks';
import { boxToScreen, HANDLES, handlePoint, type ViewTransform } from './geometry';

export const LOST_COLOUR = '#ff4d4f';

export interface OverlayInput {
  view: ViewTransform;
  frame: number;
  tracks: readonly Track[];
  selectedId: number | null;
  draft: { trackId: number | null; box: Box } | null;
  responses: ResponseStore;
  showHandles: boolean;
}

export function drawOverlay(ctx: CanvasRenderingContext2D, o: OverlayInput): void {
  const selected = o.tracks.find((t) => t.id === o.selectedId);
  if (selected?.visible) {
    const region = o.responses.get(selected.id, o.frame)?.region;
    if (region) {
      const r = boxToScreen(o.view, region);
      ctx.save();
      ctx.setLineDash([4, 4]);
      ctx.strokeStyle = 'rgba(255,255,255,0.55)';
      ctx.lineWidth = 1;
      ctx.strokeRect(r.x, r.y, r.w, r.h);
      ctx.fillStyle = 'rgba(255,255,255,0.7)';
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText('search region', r.x + 4, r.y + 13);
      ctx.restore();
    }
  }
  for (const t of o.tracks) {
    if (!t.visible || (o.draft && o.draft.trackId === t.id)) continue;
    const at = boxAt(t, o.frame);
    if (!at) continue;
    const isSel = t.id === o.selectedId;
    const b = boxToScreen(o.view, at.box);
    ctx.save();
    ctx.lineWidth = isSel ? 2.5 : 1.5;
    ctx.strokeStyle = at.kind === 'lost' ? LOST_COLOUR : t.colour;
    if (at.kind === 'lost' || at.kind === 'stale') ctx.setLineDash([6, 4]);
    ctx.strokeRect(b.x, b.y, b.w, b.h);
    ctx.setLineDash([]);
    const label = `${t.name}${at.kind === 'key' ? ' ◆' : ` ${at.score.toFixed(2)}`}${at.kind === 'lost' ? ' lost' : at.kind === 'stale' ? ' stale' : ''}`;
    tag(ctx, label, b.x, b.y, at.kind === 'lost' ? LOST_COLOUR : t.colour);
    if (isSel && o.showHandles) handles(ctx, b, t.colour);
    ctx.restore();
  }
  if (o.draft) {
    const t = o.tracks.find((x) => x.id === o.draft?.trackId);
    const b = boxToScreen(o.view, o.draft.box);
    ctx.save();
    ctx.strokeStyle = t?.colour ?? '#ffffff';
    ctx.lineWidth = 2;
    ctx.setLineDash([5, 3]);
    ctx.strokeRect(b.x, b.y, b.w, b.h);
    ctx.setLineDash([]);
    tag(ctx, `${Math.round(o.draft.box.w)}×${Math.round(o.draft.box.h)}`, b.x, b.y, t?.colour ?? '#ffffff');
    ctx.restore();
  }
}

function tag(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, colour: string) {
  ctx.font = '600 11px system-ui, sans-serif';
  const w = ctx.measureText(text).width + 8;
  const ty = y - 17 < 0 ? y + 1 : y - 17;
  ctx.fillStyle = colour;
  ctx.fillRect(x - 1, ty, w, 16);
  ctx.fillStyle = '#0b0d11';
  ctx.fillText(text, x + 3, ty + 12);
}

function handles(ctx: CanvasRenderingContext2D, b: Box, colour: string) {
  for (const h of HANDLES) {
    const p = handlePoint(b, h);
    ctx.fillStyle = '#0b0d11';
    ctx.fillRect(p.x - 4, p.y - 4, 8, 8);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(p.x - 4, p.y - 4, 8, 8);
  }
}
