/** Small inline SVG icons (24x24 paths), so the UI needs no icon font or network. */
const PATHS: Record<string, string> = {
  open: 'M4 5h6l2 2h8v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm0 4v9h15V9z',
  save: 'M5 3h11l4 4v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm2 2v5h9V5zm5 8a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
  export: 'M12 3l5 5h-3v6h-4V8H7zm-8 13h2v3h12v-3h2v5H4z',
  import: 'M10 3h4v6h3l-5 5-5-5h3zm-6 13h2v3h12v-3h2v5H4z',
  sample: 'M4 5h16v14H4zm2 2v10h12V7zm3 2l6 3-6 3z',
  play: 'M8 5l11 7-11 7z',
  back: 'M16 5L5 12l11 7z',
  stop: 'M7 7h10v10H7z',
  first: 'M6 6h2v12H6zm3 6l9-6v12z',
  last: 'M16 6h2v12h-2zm-1 6L6 18V6z',
  prev: 'M15 6l-8 6 8 6z',
  next: 'M9 6l8 6-8 6z',
  prev10: 'M11 6l-7 6 7 6zm8 0l-7 6 7 6z',
  next10: 'M13 6l7 6-7 6zm-8 0l7 6-7 6z',
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  eye: 'M12 5c5 0 9 4.5 10 7-1 2.5-5 7-10 7S3 14.5 2 12c1-2.5 5-7 10-7zm0 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm0 2a2 2 0 1 1 0 4 2 2 0 0 1 0-4z',
  eyeOff: 'M3 4l17 17-1.4 1.4-3.1-3.1A10 10 0 0 1 12 20c-5 0-9-4.5-10-7 .6-1.5 2.1-3.7 4.3-5.3L1.6 5.4zm9 1c5 0 9 4.5 10 7-.5 1.3-1.6 3-3.2 4.5l-3-3A4 4 0 0 0 10.5 8.2L8.4 6.1A10 10 0 0 1 12 5z',
  trash: 'M9 3h6l1 2h4v2H4V5h4zm-3 6h12l-1 12H7z',
  edit: 'M4 17.3V20h2.7l9.9-9.9-2.7-2.7zM18.7 8l-2.7-2.7 1.6-1.6a1 1 0 0 1 1.4 0l1.3 1.3a1 1 0 0 1 0 1.4z',
  end: 'M5 5h2v14H5zm4 6h8v-3l4 4-4 4v-3H9z',
  retrack: 'M12 5a7 7 0 1 1-6.3 4H3l4-4 4 4H7.9A5 5 0 1 0 12 7z',
  help: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm-1 14v2h2v-2zm1-10a4 4 0 0 0-4 4h2a2 2 0 1 1 2 2c-.6 0-1 .4-1 1v2h2v-1.2A4 4 0 0 0 12 6z',
  close: 'M6.4 5L12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z',
  folder: 'M3 6a1 1 0 0 1 1-1h6l2 2h8a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z',
  file: 'M6 2h8l5 5v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zm7 1.5V8h4.5z',
  up: 'M12 5l7 7h-4v7H9v-7H5z',
  fit: 'M4 4h6v2H6v4H4zm10 0h6v6h-2V6h-4zM4 14h2v4h4v2H4zm14 0h2v6h-6v-2h4z',
  undo: 'M12.5 8c-2.6 0-5 1-6.9 2.6L2 7v9h9l-3.6-3.6A8 8 0 0 1 20.2 16l2.4-.8A10.5 10.5 0 0 0 12.5 8z',
  redo: 'M18.4 10.6A10.4 10.4 0 0 0 11.5 8 10.5 10.5 0 0 0 1.4 15.2l2.4.8a8 8 0 0 1 12.8-3.6L13 16h9V7z',
  target: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm0 3a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 3a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
};

export function Icon(props: { name: keyof typeof PATHS | string; size?: number }) {
  return (
    <svg class="icon" width={props.size ?? 16} height={props.size ?? 16} viewBox="0 0 24 24" aria-hidden="true">
      <path d={PATHS[props.name] ?? ''} fill="currentColor" />
    </svg>
  );
}
