/**
 * Kubernetes resource quantities, parsed so that requests and limits can be compared and summed.
 */

/**
 * A Kubernetes quantity as the API server parses it (k8s.io/apimachinery/pkg/api/resource/quantity.go):
 * `<signedNumber><suffix>`, the suffix a binary one (Ki Mi Gi Ti Pi Ei), a decimal one (n u m "" k M G T P E)
 * or a decimal exponent (`e6`, `E-3`). So `1e6`, `1Pi`, `+1` and `.5` are quantities.
 */
const QUANTITY_PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const FACTORS: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a quantity in base units (cores, bytes), or undefined when it is not one. */
export function parseQuantity(quantity: string): number | undefined {
  const match = QUANTITY_PATTERN.exec(quantity);
  if (!match) return undefined;
  const [, sign, digits, suffix = ''] = match;
  const factor = /^[eE][+-]?\d+$/.test(suffix) ? 10 ** Number(suffix.slice(1)) : FACTORS[suffix];
  const value = Number(digits) * factor * (sign === '-' ? -1 : 1);
  return Number.isFinite(value) ? value : undefined;
}

/** What a CPU quantity must look like, for error messages. */
export const CPU_FORMAT = 'a CPU quantity such as "100m", "0.5" or "1"';
/** What a memory quantity must look like, for error messages. */
export const MEMORY_FORMAT = 'a memory quantity such as "128Mi", "1Gi" or "500M"';

/** Millicores of a CPU quantity, or undefined when it is not one (or is negative). */
export function parseCpu(quantity: string): number | undefined {
  const cores = parseQuantity(quantity);
  return cores === undefined || cores < 0 ? undefined : cores * 1000;
}

/**
 * Bytes of a memory quantity, or undefined when it is not one (or is negative). The sub-unit suffixes
 * n, u and m are quantities too, but "128m" (0.128 bytes) is always a mistake for "128M" or "128Mi".
 */
export function parseMemory(quantity: string): number | undefined {
  if (/[num]$/.test(quantity)) return undefined;
  const bytes = parseQuantity(quantity);
  return bytes === undefined || bytes < 0 ? undefined : bytes;
}

const MEMORY_SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A hint for a memory quantity whose suffix has the wrong case ("200mi" → "200Mi"). */
export function memorySuggestion(quantity: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]+)$/.exec(quantity);
  if (!match) return undefined;
  const suffix = MEMORY_SUFFIXES.find((known) => known.toLowerCase() === match[2].toLowerCase());
  return suffix ? `${match[1]}${suffix}` : undefined;
}

/** Formats millicores for people: "1.5" cores or "250m". */
export function formatCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** Formats bytes for people in Mi or Gi. */
export function formatMemory(bytes: number): string {
  const mebibytes = bytes / 2 ** 20;
  if (mebibytes >= 1024) return `${Number((mebibytes / 1024).toFixed(2))}Gi`;
  return `${Number(mebibytes.toFixed(1))}Mi`;
}
