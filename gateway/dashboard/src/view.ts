/** DOM helpers that only ever set text: nothing from the server is parsed as HTML. */
export function clear(element: HTMLElement): void {
  while (element.firstChild) element.firstChild.remove();
}

export function figures(element: HTMLElement, values: Record<string, string | number>): void {
  clear(element);
  for (const [name, value] of Object.entries(values)) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = typeof value === 'number' ? formatNumber(value) : value;
    dd.dataset.figure = name;
    element.append(dt, dd);
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function table(element: HTMLElement, header: string[], rows: string[][]): void {
  clear(element);
  const head = element.appendChild(document.createElement('thead')).insertRow();
  for (const h of header) head.appendChild(document.createElement('th')).textContent = h;
  const body = element.appendChild(document.createElement('tbody'));
  if (rows.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = header.length;
    cell.textContent = 'nothing yet';
  }
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of row) tr.insertCell().textContent = value;
  }
}

/** Newest first, at most `keep`. */
export function listItem(list: HTMLElement, text: string, keep: number): void {
  if (!text) return;
  const li = document.createElement('li');
  li.textContent = text;
  list.prepend(li);
  while (list.childElementCount > keep) list.lastElementChild?.remove();
}
