import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Message routing arrives with the content script (issue 3) and the store (issue 4).
});
