/**
 * Webpack loader for the dataset the add-in bundles. Everything in functions.js loads before the
 * first formula computes, so the bundle carries only what a formula or the pane's first view needs:
 * the sources' notes (how each document was read, for a reviewer) are left out of it, since no
 * function returns them. `?source-notes` gives those notes alone, { id: note }, for the task pane to
 * load in a chunk of its own when the Data section lists the sources.
 */
module.exports = function datasetLoader(text) {
  const dataset = JSON.parse(text);
  const sources = dataset.tables.sources;
  const id = sources.columns.indexOf("id");
  const note = sources.columns.indexOf("note");
  if (this.resourceQuery === "?source-notes") {
    const notes = {};
    if (note >= 0) for (const row of sources.rows) if (row[note]) notes[row[id]] = row[note];
    return JSON.stringify(notes);
  }
  if (note >= 0)
    dataset.tables.sources = {
      ...sources,
      rows: sources.rows.map((row) => row.map((cell, index) => (index === note ? "" : cell))),
    };
  return JSON.stringify(dataset);
};
