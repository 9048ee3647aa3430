"use strict";(self.rspackChunk_gradcourse_language_view=self.rspackChunk_gradcourse_language_view||[]).push([[232],{6789(o,e,n){var t=n(1601),a=n.n(t),r=n(6314),f=n.n(r),s=n(4417),l=n.n(s),i=new URL(n(6119),n.b),c=new URL(n(6263),n.b),p=new URL(n(9457),n.b),U=new URL(n(6209),n.b),u=new URL(n(7360),n.b),d=new URL(n(8486),n.b),m=new URL(n(910),n.b),w=new URL(n(7892),n.b),h=new URL(n(5599),n.b),b=new URL(n(4847),n.b),y=new URL(n(6602),n.b),g=new URL(n(6120),n.b),F=new URL(n(7208),n.b),v=new URL(n(2958),n.b),A=f()(a()),x=l()(i),C=l()(c),L=l()(p),E=l()(U),R=l()(u),$=l()(d),D=l()(m),S=l()(w),M=l()(h),B=l()(b),N=l()(y),j=l()(g),k=l()(F),T=l()(v);A.push([o.id,`/* noto-sans-mono-cyrillic-ext-400-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(${x}) format('woff2'), url(${C}) format('woff');
  unicode-range: U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F;
}

/* noto-sans-mono-cyrillic-400-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(${L}) format('woff2'), url(${E}) format('woff');
  unicode-range: U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116;
}

/* noto-sans-mono-greek-ext-400-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(${R}) format('woff2'), url(${$}) format('woff');
  unicode-range: U+1F00-1FFF;
}

/* noto-sans-mono-greek-400-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(${D}) format('woff2'), url(${S}) format('woff');
  unicode-range: U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF;
}

/* noto-sans-mono-vietnamese-400-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(${M}) format('woff2'), url(${B}) format('woff');
  unicode-range: U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB;
}

/* noto-sans-mono-latin-ext-400-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(${N}) format('woff2'), url(${j}) format('woff');
  unicode-range: U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF;
}

/* noto-sans-mono-latin-400-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(${k}) format('woff2'), url(${T}) format('woff');
  unicode-range: U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD;
}`,""]),n.d(e,{},{A:A})},9726(o,e,n){var t=n(1601),a=n.n(t),r=n(6314),f=n.n(r),s=n(4417),l=n.n(s),i=new URL(n(3530),n.b),c=new URL(n(2568),n.b),p=new URL(n(9128),n.b),U=new URL(n(6942),n.b),u=new URL(n(6777),n.b),d=new URL(n(8009),n.b),m=new URL(n(1915),n.b),w=new URL(n(4579),n.b),h=new URL(n(4354),n.b),b=new URL(n(8208),n.b),y=new URL(n(6071),n.b),g=new URL(n(983),n.b),F=new URL(n(5761),n.b),v=new URL(n(2865),n.b),A=f()(a()),x=l()(i),C=l()(c),L=l()(p),E=l()(U),R=l()(u),$=l()(d),D=l()(m),S=l()(w),M=l()(h),B=l()(b),N=l()(y),j=l()(g),k=l()(F),T=l()(v);A.push([o.id,`/* noto-sans-mono-cyrillic-ext-700-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 700;
  src: url(${x}) format('woff2'), url(${C}) format('woff');
  unicode-range: U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F;
}

/* noto-sans-mono-cyrillic-700-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 700;
  src: url(${L}) format('woff2'), url(${E}) format('woff');
  unicode-range: U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116;
}

/* noto-sans-mono-greek-ext-700-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 700;
  src: url(${R}) format('woff2'), url(${$}) format('woff');
  unicode-range: U+1F00-1FFF;
}

/* noto-sans-mono-greek-700-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 700;
  src: url(${D}) format('woff2'), url(${S}) format('woff');
  unicode-range: U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF;
}

/* noto-sans-mono-vietnamese-700-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 700;
  src: url(${M}) format('woff2'), url(${B}) format('woff');
  unicode-range: U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB;
}

/* noto-sans-mono-latin-ext-700-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 700;
  src: url(${N}) format('woff2'), url(${j}) format('woff');
  unicode-range: U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF;
}

/* noto-sans-mono-latin-700-normal */
@font-face {
  font-family: 'Noto Sans Mono';
  font-style: normal;
  font-display: swap;
  font-weight: 700;
  src: url(${k}) format('woff2'), url(${T}) format('woff');
  unicode-range: U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD;
}`,""]),n.d(e,{},{A:A})},8475(o,e,n){var t=n(1601),a=n.n(t),r=n(6314),f=n.n(r),s=n(6789),l=n(9726),i=f()(a());i.i(s.A),i.i(l.A),i.push([o.id,`/*
 * Noto Sans Mono (OFL-1.1, from @fontsource) has Latin and Vietnamese in one
 * face: Debian's Chromium otherwise draws Vietnamese code and output in a
 * monospace font without the precomposed letters, marks apart from them.
 * All subsets are imported, so both come from the same font.
 */

/*
 * Only the default is changed: Settings → Theme's code font (which sets
 * --jp-code-font-family on the page) still wins. :root:root outranks the
 * theme's own :root rule, whose stylesheet is loaded after this one.
 */
:root:root {
  --jp-code-font-family-default: 'Noto Sans Mono', menlo, consolas,
    'DejaVu Sans Mono', monospace;
}

/* The other language's text cells; the file keeps them (nbgrader grades the file). */
.jp-Notebook .jp-Cell.gc-lang-hidden {
  display: none !important;
}

.gc-language-switch {
  display: flex;
  align-items: center;
  padding: 0 4px;
}

.gc-language-switch select {
  height: 24px;
  padding: 0 4px;
  border: var(--jp-border-width) solid var(--jp-border-color1);
  border-radius: var(--jp-border-radius);
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
  font-family: var(--jp-ui-font-family);
  font-size: var(--jp-ui-font-size1);
}
`,""]),n.d(e,{},{A:i})},6314(o){o.exports=function(o){var e=[];return e.toString=function(){return this.map(function(e){var n="",t=void 0!==e[5];return e[4]&&(n+="@supports (".concat(e[4],") {")),e[2]&&(n+="@media ".concat(e[2]," {")),t&&(n+="@layer".concat(e[5].length>0?" ".concat(e[5]):""," {")),n+=o(e),t&&(n+="}"),e[2]&&(n+="}"),e[4]&&(n+="}"),n}).join("")},e.i=function(o,n,t,a,r){"string"==typeof o&&(o=[[null,o,void 0]]);var f={};if(t)for(var s=0;s<this.length;s++){var l=this[s][0];null!=l&&(f[l]=!0)}for(var i=0;i<o.length;i++){var c=[].concat(o[i]);t&&f[c[0]]||(void 0!==r&&(void 0===c[5]||(c[1]="@layer".concat(c[5].length>0?" ".concat(c[5]):""," {").concat(c[1],"}")),c[5]=r),n&&(c[2]&&(c[1]="@media ".concat(c[2]," {").concat(c[1],"}")),c[2]=n),a&&(c[4]?(c[1]="@supports (".concat(c[4],") {").concat(c[1],"}"),c[4]=a):c[4]="".concat(a)),e.push(c))}},e}},4417(o){o.exports=function(o,e){return(e||(e={}),o&&(o=String(o.__esModule?o.default:o),/^['"].*['"]$/.test(o)&&(o=o.slice(1,-1)),e.hash&&(o+=e.hash),/["'() \t\n]|(%20)/.test(o)||e.needQuotes))?'"'.concat(o.replace(/"/g,'\\"').replace(/\n/g,"\\n"),'"'):o}},1601(o){o.exports=function(o){return o[1]}},5072(o){var e=[];function n(o){for(var n=-1,t=0;t<e.length;t++)if(e[t].identifier===o){n=t;break}return n}function t(o,t){for(var a={},r=[],f=0;f<o.length;f++){var s=o[f],l=t.base?s[0]+t.base:s[0],i=a[l]||0,c="".concat(l," ").concat(i);a[l]=i+1;var p=n(c),U={css:s[1],media:s[2],sourceMap:s[3],supports:s[4],layer:s[5]};if(-1!==p)e[p].references++,e[p].updater(U);else{var u=function(o,e){var n=e.domAPI(e);return n.update(o),function(e){e?(e.css!==o.css||e.media!==o.media||e.sourceMap!==o.sourceMap||e.supports!==o.supports||e.layer!==o.layer)&&n.update(o=e):n.remove()}}(U,t);t.byIndex=f,e.splice(f,0,{identifier:c,updater:u,references:1})}r.push(c)}return r}o.exports=function(o,a){var r=t(o=o||[],a=a||{});return function(o){o=o||[];for(var f=0;f<r.length;f++){var s=n(r[f]);e[s].references--}for(var l=t(o,a),i=0;i<r.length;i++){var c=n(r[i]);0===e[c].references&&(e[c].updater(),e.splice(c,1))}r=l}}},7659(o){var e={};o.exports=function(o,n){var t=function(o){if(void 0===e[o]){var n=document.querySelector(o);if(window.HTMLIFrameElement&&n instanceof window.HTMLIFrameElement)try{n=n.contentDocument.head}catch(o){n=null}e[o]=n}return e[o]}(o);if(!t)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");t.appendChild(n)}},540(o){o.exports=function(o){var e=document.createElement("style");return o.setAttributes(e,o.attributes),o.insert(e,o.options),e}},5056(o,e,n){o.exports=function(o){var e=n.nc;e&&o.setAttribute("nonce",e)}},7825(o){o.exports=function(o){if("u"<typeof document)return{update:function(){},remove:function(){}};var e=o.insertStyleElement(o);return{update:function(n){var t,a,r;t="",n.supports&&(t+="@supports (".concat(n.supports,") {")),n.media&&(t+="@media ".concat(n.media," {")),(a=void 0!==n.layer)&&(t+="@layer".concat(n.layer.length>0?" ".concat(n.layer):""," {")),t+=n.css,a&&(t+="}"),n.media&&(t+="}"),n.supports&&(t+="}"),(r=n.sourceMap)&&"u">typeof btoa&&(t+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(r))))," */")),o.styleTagTransform(t,e,o.options)},remove:function(){var o;null===(o=e).parentNode||o.parentNode.removeChild(o)}}}},1113(o){o.exports=function(o,e){if(e.styleSheet)e.styleSheet.cssText=o;else{for(;e.firstChild;)e.removeChild(e.firstChild);e.appendChild(document.createTextNode(o))}}},8579(o,e,n){var t=n(5072),a=n.n(t),r=n(7825),f=n.n(r),s=n(7659),l=n.n(s),i=n(5056),c=n.n(i),p=n(540),U=n.n(p),u=n(1113),d=n.n(u),m=n(8475),w={};w.styleTagTransform=d(),w.setAttributes=c(),w.insert=l().bind(null,"head"),w.domAPI=f(),w.insertStyleElement=U(),a()(m.A,w),m.A&&m.A.locals&&m.A.locals},6209(o,e,n){o.exports=n.p+"91e6f30a85c4af63.woff"},9457(o,e,n){o.exports=n.p+"4abc48bd1ac663fa.woff2"},6942(o,e,n){o.exports=n.p+"98f006d6f18a2f11.woff"},9128(o,e,n){o.exports=n.p+"1bd53721c543d15a.woff2"},6263(o,e,n){o.exports=n.p+"3f792504472138ff.woff"},6119(o,e,n){o.exports=n.p+"cde95ba4079c5794.woff2"},2568(o,e,n){o.exports=n.p+"70c2a06355498d0e.woff"},3530(o,e,n){o.exports=n.p+"22dfff3659f91cdd.woff2"},7892(o,e,n){o.exports=n.p+"e122ca251bc99612.woff"},910(o,e,n){o.exports=n.p+"6dfa7b2438eb144f.woff2"},4579(o,e,n){o.exports=n.p+"ffd48ed25328b160.woff"},1915(o,e,n){o.exports=n.p+"2321d8b60d67c257.woff2"},8486(o,e,n){o.exports=n.p+"6f85ecd1c3926c23.woff"},7360(o,e,n){o.exports=n.p+"4fa921ebd6e02cd5.woff2"},8009(o,e,n){o.exports=n.p+"de7757c366ae361b.woff"},6777(o,e,n){o.exports=n.p+"c5618807b51da4b2.woff2"},2958(o,e,n){o.exports=n.p+"4680eb802d1747c6.woff"},7208(o,e,n){o.exports=n.p+"ad93702fea7422cc.woff2"},2865(o,e,n){o.exports=n.p+"190c9423f59e4bbc.woff"},5761(o,e,n){o.exports=n.p+"7b06dde7871a2f94.woff2"},6120(o,e,n){o.exports=n.p+"17fb8ad5e31626b8.woff"},6602(o,e,n){o.exports=n.p+"d517b5e717c19b62.woff2"},983(o,e,n){o.exports=n.p+"ea2f77fb11210172.woff"},6071(o,e,n){o.exports=n.p+"4cdcaa8bcef1557e.woff2"},4847(o,e,n){o.exports=n.p+"3fe629037a71b5f7.woff"},5599(o,e,n){o.exports=n.p+"44834a931b302657.woff2"},8208(o,e,n){o.exports=n.p+"63b1251c7debd978.woff"},4354(o,e,n){o.exports=n.p+"9793f03d93213750.woff2"}}]);