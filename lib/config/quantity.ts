/**
 * Kubernetes resource quantities, parsed so that requests and limits can be compared and summed.
 */

const CPU_PATTERN = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY_PATTERN = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

const MEMORY_FACTORS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** What a CPU quantity must look like, for error messages. */
export const CPU_FORMAT = 'a CPU quantity such as "100m", "0.5" or "1"';
/** What a memory quantity must look like, for error messages. */
export const MEMORY_FORMAT = 'a memory quantity such as "128Mi", "1Gi" or "500M"';

/** Millicores of a CPU quantity, or undefined when it is not one. */
export function parseCpu(quantity: string): number | undefined {
  const match = CPU_PATTERN.exec(quantity);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === 'm' ? value : value * 1000;
}

/** Bytes of a memory quantity, or undefined when it is not one. */
export function parseMemory(quantity: string): number | undefined {
  const match = MEMORY_PATTERN.exec(quantity);
  if (!match) return undefined;
  return Number(match[1]) * MEMORY_FACTORS[match[2] ?? ''];
}

/** A hint for a memory quantity whose suffix has the wrong case ("200mi" → "200Mi"). */
export function memorySuggestion(quantity: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]+)$/.exec(quantity);
  if (!match) return undefined;
  const suffix = Object.keys(MEMORY_FACTORS).find((known) => known !== '' && known.toLowerCase() === match[2].toLowerCase());
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
