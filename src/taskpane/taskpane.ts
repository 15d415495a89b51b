import { activeDataset } from "../functions/store";

/** Renders the pane once Office is ready; outside Office (a plain browser) Office.onReady still resolves. */
export async function start(): Promise<void> {
  await Office.onReady();
  const status = document.getElementById("status")!;
  const app = document.getElementById("app")!;
  const dataset = activeDataset();
  status.textContent = dataset.ok
    ? `Ready. Dataset ${dataset.value.meta.version}, known through ${dataset.value.meta.knownThrough}.`
    : `The dataset did not load: ${dataset.message}`;
  app.setAttribute("aria-busy", "false");
  app.dataset.ready = "true";
}

start();
