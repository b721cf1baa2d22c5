// A handful of stroke icons as inline SVG (no icon font, nothing fetched). Always decorative:
// the control next to or around an icon carries the accessible name.
const PATHS = {
  list: 'M3 4h10M3 8h10M3 12h10',
  alert: 'M8 2 1.5 13.5h13L8 2zM8 6.5v3.5M8 11.8v.2',
  tag: 'M2 2h5.5l6.5 6.5-5.5 5.5L2 7.5V2zM5 5h.01',
  env: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM1.5 8h13M8 1.5c2 2 2 11 0 13M8 1.5c-2 2-2 11 0 13',
  trash: 'M2.5 4h11M6 4V2.5h4V4M4 4l.8 9.5h6.4L12 4',
  audit: 'M4 1.5h6l3 3v10H4v-13zM6 7h5M6 9.5h5M6 12h3',
  share: 'M11.5 5.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM4.5 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM11.5 14.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM6.3 7l3.4-2M6.3 9l3.4 2',
  settings: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6 13 13M3 13l1.4-1.4M11.6 4.4 13 3',
  lock: 'M3.5 7h9v7h-9zM5.5 7V5a2.5 2.5 0 0 1 5 0v2',
  key: 'M5.5 10.5a3 3 0 1 1 2.1-5.1L14 5.4v2.5h-1.8v1.8h-2.3L7.6 9.6a3 3 0 0 1-2.1.9z',
  edit: 'M10.5 2.5l3 3L6 13H3v-3l7.5-7.5z',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  eye: 'M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8s-2.5 4.5-6.5 4.5S1.5 8 1.5 8zM8 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  chevron: 'M6 4l4 4-4 4',
  refresh: 'M13.5 8a5.5 5.5 0 1 1-1.6-3.9M12.5 1.5v3h-3',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
