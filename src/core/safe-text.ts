/**
 * Text that would run somewhere: markup in the pane, or a formula when pasted into a sheet
 * (a leading =, +, - or @). Such text is refused, not cleaned, so that nothing changes silently.
 * Every path that brings a user's text in (a file, an Excel range, a workbook's stored record)
 * checks it here.
 */
export function unsafeTextReason(text: string): string | undefined {
  if (/[<>]/.test(text)) return "contains < or >, which could be read as markup";
  if (/^[=+\-@]/.test(text.trim()) && !/^-?\d+(\.\d+)?$/.test(text.trim()))
    return `starts with '${text.trim()[0]}', which a spreadsheet would run as a formula`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text))
    return "contains control characters";
  return undefined;
}
