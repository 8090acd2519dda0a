// The port first (it asks the page for its post), then the panel itself: the page reads the post while Preact, the
// components and the rest of the panel load.
import './port';

void import('./app');
