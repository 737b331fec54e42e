/** The app's buttons: `primary` for the one main action of a form or panel, `link` for the small ones beside data. */
import type { ButtonHTMLAttributes } from "react";

const LOOK = {
  primary: "rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50",
  link: "text-sky-700 hover:underline disabled:opacity-50",
  danger: "text-red-700 hover:underline disabled:opacity-50",
} as const;

export function Button({
  look = "primary",
  type = "button",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { look?: keyof typeof LOOK }) {
  return <button type={type} className={`${LOOK[look]} ${className}`.trim()} {...props} />;
}
