// A snippet to copy: a titled block of preformatted text with a copy button.
import { CopyButton } from './copy-button.js';

/** A copyable code block. */
export function CodeBlock(props: { title: string; code: string; testid: string; note?: string }) {
  return (
    <section class="code-block" data-testid={props.testid}>
      <div class="code-head">
        <h3>{props.title}</h3>
        <CopyButton text={props.code} testid={`${props.testid}-copy`} />
      </div>
      {props.note ? <p class="muted">{props.note}</p> : null}
      <pre>
        <code>{props.code}</code>
      </pre>
    </section>
  );
}
