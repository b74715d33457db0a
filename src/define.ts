// Registers every Jig element: <jig-surface> and the 33 built-in components.
import './surface/surface.js';
import '../components/index.js';
