import { defineBackground } from 'wxt/utils/define-background';
import { registerInPage } from '../lib/background/inpage';
import { registerKatexLoader } from '../lib/background/katex';
import { registerLibrary } from '../lib/background/library';
import { registerSidebar } from '../lib/background/sidebar';

export default defineBackground(() => {
  registerInPage();
  registerKatexLoader();
  registerLibrary();
  registerSidebar();
});
