/** Where the chosen theme is kept in the browser (absent: follow the system). */
export const THEME_STORAGE_KEY = "turnout-theme";

export type ThemeChoice = "system" | "light" | "dark";

/**
 * Runs in <head> before the first paint so a dark page never flashes white: the saved choice,
 * else prefers-color-scheme, sets `.dark` on <html>. Kept tiny and dependency-free.
 */
export const THEME_SCRIPT = `(function(){try{var c=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(c!=="light"&&c!=="dark")c="system";var d=c==="dark"||(c==="system"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.dataset.theme=c;}catch(_){}})();`;
