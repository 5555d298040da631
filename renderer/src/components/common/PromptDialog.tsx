import { useEffect, useRef, useState } from 'react';

interface Props {
  title: string;
  label: string;
  initialValue: string;
  confirmLabel: string;
  maxLength?: number;
  onConfirm(value: string): void;
  onCancel(): void;
}

/** Modal that asks for one line of text (a name). Enter confirms a non-blank value; Escape cancels. */
export function PromptDialog({ title, label, initialValue, confirmLabel, maxLength = 200, onConfirm, onCancel }: Props) {
  const [value, setValue] = useState(initialValue);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.select(), []);
  const blank = value.trim() === '';
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="prompt-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blank) onConfirm(value.trim());
        }}
      >
        <h2 id="prompt-title">{title}</h2>
        <label className="field">
          <span>{label}</span>
          <input ref={inputRef} className="input" value={value} maxLength={maxLength} autoFocus onChange={(e) => setValue(e.target.value)} />
        </label>
        <div className="modal-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={blank}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
