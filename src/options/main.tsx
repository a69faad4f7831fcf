import { render } from 'preact';
import { Options } from './Options';

const root = document.getElementById('root');
if (root) render(<Options />, root);
