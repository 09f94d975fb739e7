import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../models/manifest';
import { loadModels, locateModel, modelSearchDirs, sha256 } from '../../../main/models/resolve';
import { SHARED_MODELS_DIR } from '../../helpers/paths';

const v2 = MODELS.nanotrackv2.files;

describe('model resolver', () => {
  it('searches TRACKER_MODELS_DIR, then weights/, then ../shared/models', () => {
    const dirs = modelSearchDirs({ TRACKER_MODELS_DIR: '/opt/w' }, '/home/u/project');
    expect(dirs).toEqual(['/opt/w', '/home/u/project/weights', '/home/u/shared/models']);
    expect(modelSearchDirs({}, '/p')).toEqual(['/p/weights', '/shared/models']);
  });

  it('loads the shared weights and their sha256 matches the manifest', () => {
    const loaded = loadModels(['nanotrackv2', 'dcfnet'], [SHARED_MODELS_DIR]);
    expect(sha256(loaded.nanotrackv2!.backbone)).toBe(v2.backbone.sha256);
    expect(loaded.dcfnet!.feature.length).toBeGreaterThan(1000);
  });

  it('names every place it looked when a model is missing', () => {
    const a = mkdtempSync(join(tmpdir(), 'models-a-'));
    const b = mkdtempSync(join(tmpdir(), 'models-b-'));
    expect(() => locateModel('nanotrackv2', [a, b])).toThrow(new RegExp(`not found.*looked in: ${a}, ${b}`));
  });

  it('refuses a folder holding only part of a model instead of falling through', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-partial-'));
    mkdirSync(join(dir, 'nanotrackv2'));
    copyFileSync(join(SHARED_MODELS_DIR, v2.backbone.path), join(dir, v2.backbone.path));
    expect(() => locateModel('nanotrackv2', [dir, SHARED_MODELS_DIR])).toThrow(/incomplete: missing nanotrackv2\/nanotrack_head_sim.onnx/);
  });

  it('rejects a corrupted file by its sha256', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-bad-'));
    mkdirSync(join(dir, 'nanotrackv2'));
    copyFileSync(join(SHARED_MODELS_DIR, v2.backbone.path), join(dir, v2.backbone.path));
    writeFileSync(join(dir, v2.head.path), 'not an onnx file');
    expect(() => loadModels(['nanotrackv2'], [dir])).toThrow(/corrupted or the wrong version/);
  });
});

describe('model resolver, unreadable files', () => {
  it('turns an unreadable model file into a one-line ModelError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-dir-'));
    mkdirSync(join(dir, 'nanotrackv2'));
    copyFileSync(join(SHARED_MODELS_DIR, v2.backbone.path), join(dir, v2.backbone.path));
    mkdirSync(join(dir, v2.head.path)); // a folder where the file should be
    expect(() => loadModels(['nanotrackv2'], [dir])).toThrow(/cannot read model file .*nanotrack_head_sim.onnx: EISDIR/);
  });
});
