/** The bundled dataset's source notes alone, { id: note } (scripts/dataset-loader.js). */
declare module "*dataset.json?source-notes" {
  const notes: Record<string, string>;
  export default notes;
}
