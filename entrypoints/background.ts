import { defineBackground } from 'wxt/utils/define-background';
import { registerInPage } from '../lib/background/inpage';
import { registerKatexLoader } from '../lib/background/katex';
import { registerLibrary } from '../lib/background/library';
import { registerSequences } from '../lib/background/sequences';
import { registerSidebar } from '../lib/background/sidebar';

export default defineBackground(() => {
  registerInPage();
  registerKatexLoader();
  registerSequences(registerLibrary());
  registerSidebar();
});
