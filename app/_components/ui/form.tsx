/** The admin and settings forms' pieces: the card, labelled inputs and selects, the submit button, a refusal's line. */
import type { FormEventHandler, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { Button, type ButtonProps } from "./button";

const CONTROL = "mt-1 rounded border border-slate-300 px-2 py-1";

/** A form in a white card, its inputs in one wrapping row aligned on their bottom edge. */
export function FormCard({
  onSubmit,
  label,
  children,
}: {
  onSubmit: FormEventHandler<HTMLFormElement>;
  label?: string;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      aria-label={label}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
    >
      {children}
    </form>
  );
}

/** An input (text, number, password) under its label; `className` adds to the input's own (width, font). */
export function LabelledInput({
  label,
  className = "",
  labelClassName = "",
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; labelClassName?: string }) {
  return (
    <label className={`flex flex-col ${labelClassName}`.trim()}>
      {label}
      <input className={`${CONTROL} ${className}`.trim()} {...props} />
    </label>
  );
}

/** A select under its label: its `children` options first (an "all" choice), then one per `options` value. */
export function LabelledSelect({
  label,
  options = [],
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: ReactNode; options?: readonly string[] }) {
  return (
    <label className="flex flex-col">
      {label}
      <select className={CONTROL} {...props}>
        {children}
        <Options values={options} />
      </select>
    </label>
  );
}

/** A select of `choices` (strings or numbers), each shown as its `text`; it hands back the chosen value itself. */
export function ChoiceSelect<T extends string | number>({
  choices,
  value,
  onChange,
  className = "rounded border border-slate-300 px-2 py-1",
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange"> & {
  choices: readonly { value: T; text: ReactNode }[];
  value: T | "";
  onChange: (choice: T) => void;
}) {
  return (
    <select
      className={className}
      value={String(value)}
      onChange={(e) => {
        const chosen = choices.find((c) => String(c.value) === e.target.value);
        if (chosen) onChange(chosen.value);
      }}
      {...props}
    >
      {choices.map((c) => (
        <option key={String(c.value)} value={String(c.value)}>
          {c.text}
        </option>
      ))}
    </select>
  );
}

/** The one option per value, for a select whose values are their own labels (roles, rules). */
export function Options({ values }: { values: readonly string[] }) {
  return values.map((value) => <option key={value}>{value}</option>);
}

/** The form's main button; while `pending`, disabled and saying `pendingText` when given. */
export function SubmitButton({
  pending = false,
  pendingText,
  disabled = false,
  children,
  ...props
}: Omit<ButtonProps, "type"> & { pending?: boolean; pendingText?: string }) {
  return (
    <Button type="submit" disabled={disabled || pending} {...props}>
      {pending && pendingText ? pendingText : children}
    </Button>
  );
}

/** A refused or failed request (`error`, nothing while null), or a form-level problem, on a line of its own. */
export function FormAlert({ error, children }: { error?: Error | null; children?: ReactNode }) {
  const text = children ?? error?.message;
  if (!text) return null;
  return (
    <p role="alert" className="w-full text-red-700">
      {text}
    </p>
  );
}

/** The attributes that tie an input to its problems (`FieldMessages` with the same id). */
export function describedBy(id: string, problems: number) {
  return { "aria-invalid": problems > 0, "aria-describedby": problems > 0 ? `${id}-error` : undefined };
}

/** A field's problems under it, announced; `error-<path>` is the test id the browser specs look for. */
export function FieldMessages({
  id,
  path,
  messages,
  className = "",
}: {
  id: string;
  path: string;
  messages: string[];
  className?: string;
}) {
  return messages.map((message) => (
    <span
      key={message}
      id={`${id}-error`}
      role="alert"
      className={`text-xs text-red-700 ${className}`.trim()}
      data-testid={`error-${path}`}
    >
      {message}
    </span>
  ));
}

/** A checkbox with its text beside it; `className` is the label's (spacing, a warning colour). */
export function Checkbox({
  checked,
  onChange,
  className = "flex items-center gap-1",
  testId,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      {children}
    </label>
  );
}

/** Why a gate is overridden (drills, rollouts): audited with the request. */
export function ForceReasonInput({
  value,
  onChange,
  placeholder,
  className = "",
}: {
  value: string;
  onChange: (reason: string) => void;
  placeholder: string;
  className?: string;
}) {
  return (
    <input
      className={`rounded border border-slate-300 px-2 py-1 ${className}`.trim()}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-label="Force reason"
    />
  );
}
