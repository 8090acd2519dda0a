import { defineBackground } from 'wxt/utils/define-background';
import { registerInPage } from '../lib/background/inpage';
import { registerKatexLoader } from '../lib/background/katex';
import { registerLibrary } from '../lib/background/library';

export default defineBackground(() => {
  registerInPage();
  registerKatexLoader();
  registerLibrary();
});
