// The panel itself; its port to the background was opened by sidepanel-boot.js (the head's first script), so the
// outline is on its way while these modules load.
import './app';
