// Style sheets are imported for their side effect; Vite bundles them into hashed .css files.
declare module '*.css' {}
