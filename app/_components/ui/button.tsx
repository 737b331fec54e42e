/**
 * The app's buttons: `primary` for the one main action of a form, `save` for an editor's submit,
 * `panel` / `stop` for a live panel's start and abort, `link` / `danger` for the small ones beside data.
 */
import type { ButtonHTMLAttributes, ReactNode } from "react";

const LOOK = {
  primary: "rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50",
  save: "rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white disabled:bg-slate-300",
  panel: "rounded bg-sky-700 px-3 py-1 font-medium text-white disabled:opacity-50",
  stop: "rounded bg-red-700 px-3 py-1 font-medium text-white disabled:opacity-50",
  link: "text-sky-700 hover:underline disabled:opacity-50",
  danger: "text-red-700 hover:underline disabled:opacity-50",
} as const;

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { look?: keyof typeof LOOK };

export function Button({ look = "primary", type = "button", className = "", ...props }: ButtonProps) {
  return <button type={type} className={`${LOOK[look]} ${className}`.trim()} {...props} />;
}

/** A destructive small button that asks first (the browser's confirm dialog) and acts only on yes. */
export function ConfirmButton({
  question,
  onConfirm,
  children,
}: {
  question: string;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <Button look="danger" onClick={() => window.confirm(question) && onConfirm()}>
      {children}
    </Button>
  );
}
