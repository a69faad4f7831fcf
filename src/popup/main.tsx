import { render } from 'preact';
import { Popup } from './Popup';

const root = document.getElementById('root');
if (root) {
  // Preact renders synchronously: from here the check form is in the page, the popup is usable
  // (bench/extension.bench.ts reads this mark as "popup open to first useful render")
  render(<Popup />, root);
  performance.mark('popup-ready');
}
