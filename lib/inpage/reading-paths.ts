/** Path of the unlisted script that carries the dump reading view and the text parser, injected only on dump pages. */
export const READING_SCRIPT = '/lens-reading.js';

/** Name of the property under which the injected reading script publishes its entry in the content-script world. */
export const READING_GLOBAL = '__lensReading';
