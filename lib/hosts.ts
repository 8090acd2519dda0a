/** Match patterns of the sites Lens runs on by itself; anywhere else only through activeTab on the reader's click. */
export const LENS_HOSTS = [
  '*://lesswrong.com/*',
  '*://www.lesswrong.com/*',
  '*://alignmentforum.org/*',
  '*://www.alignmentforum.org/*',
  '*://forum.effectivealtruism.org/*',
  '*://greaterwrong.com/*',
  '*://www.greaterwrong.com/*',
  '*://ea.greaterwrong.com/*',
  '*://lesswrong.ru/*',
  '*://www.lesswrong.ru/*',
];
