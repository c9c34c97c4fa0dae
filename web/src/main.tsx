// Entry point: styles, theme and language applied before the first paint, then the app.
import 'uplot/dist/uPlot.min.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/widgets.css';
import './prefs/theme.js';
import { render } from 'preact';
import { App } from './app.js';

render(<App />, document.getElementById('app')!);
