// A row of tabs (ARIA tablist); the parent renders the selected panel.
export interface Tab<K extends string> {
  key: K;
  label: string;
}

/** Tabs; `onSelect` gets the chosen key. */
export function TabBar<K extends string>(props: { tabs: Array<Tab<K>>; selected: K; onSelect: (key: K) => void; testidPrefix: string; label: string }) {
  return (
    <div class="tab-bar" role="tablist" aria-label={props.label}>
      {props.tabs.map((tab) => (
        <button
          type="button"
          role="tab"
          key={tab.key}
          id={`${props.testidPrefix}-${tab.key}`}
          data-testid={`${props.testidPrefix}-${tab.key}`}
          aria-selected={tab.key === props.selected}
          class={tab.key === props.selected ? 'tab selected' : 'tab'}
          onClick={() => props.onSelect(tab.key)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
